students = Ã(
