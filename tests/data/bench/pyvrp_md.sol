Route #1: 2
Route #2: 3
Cost: 5656
