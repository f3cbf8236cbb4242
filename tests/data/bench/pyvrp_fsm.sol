Route #1:
Route #2: 2 1
Cost: 4.10
