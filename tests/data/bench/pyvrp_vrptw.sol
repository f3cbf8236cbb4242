Route #1: 1
Route #2: 2
Cost 16.8
