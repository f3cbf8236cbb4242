Route #1: 1 2
Route #2: 3 4 5
Route #3: 6
Cost 60
