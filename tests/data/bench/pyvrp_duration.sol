Route #1: 1
Cost: 20000
