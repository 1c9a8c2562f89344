students = { a }
a = { b }
b = { -t }
-t = { a }
language = { language }
