students = { NUMBER($count, maximumFractionDigits: 32768) } { NUMBER($count, minimumFractionDigits: 32768) } { NUMBER($count, minimumFractionDigits: 99999999999999999999) }
language = Language
