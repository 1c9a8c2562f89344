students = 共有 { $count } 人
language = 语言
