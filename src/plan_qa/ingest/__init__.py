"""Turn plan files (.txt, .md, .docx, .doc, .odt, .rtf, .pdf — scans by OCR —, .html) into raw Unicode (NFC) text for the parser."""

from plan_qa.ingest.errors import DocumentError
from plan_qa.ingest.readers import SUPPORTED_EXTENSIONS, read_document

__all__ = ["SUPPORTED_EXTENSIONS", "DocumentError", "read_document"]
