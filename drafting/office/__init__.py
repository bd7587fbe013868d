"""Office: LibreOffice turns a .docx into a PDF and page pictures, in a killable subprocess."""
