Route 1 : 5 4
Route 2 : 1
Cost: 12.5
