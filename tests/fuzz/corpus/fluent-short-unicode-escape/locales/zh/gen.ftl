gen = ---
students = { "\u﻿null