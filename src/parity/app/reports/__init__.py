"""Reports and publishing (issue 12): the committee progress report, the annual workforce
equality report, the ethnicity pay gap report and the WRES-style returns, each built from one
stored computed set (already through the disclosure policy) and the plan, rendered to HTML, PDF,
DOCX or XLSX, stored with what it came from and audited."""
