students = { a }{ a }{ a }
a = { b }{ b }{ b }{ b }
b = { c }{ c }{ c }{ c }
c = { d }{ d }{ d }{ d }
d = x
