"""Analysis views (cases sheet, memos, evidence board, matrix …) opened from the Analysis menu."""
