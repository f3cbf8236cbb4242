Route #1: 
Route #2: 1 2
Cost: 24.00
