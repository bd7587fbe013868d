"""Page: a Document written as a .docx laid out to GB/T 9704 (A4, 22 x 28, official fonts)."""
