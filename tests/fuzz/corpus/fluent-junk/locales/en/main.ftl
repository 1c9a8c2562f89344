}}}}
  {
= =
-
#
.attr = x
students = { $count } { "\u{110000}" } { "\