"""Import: NĐ30 Word documents become data files, and Word edits flow back into them."""
