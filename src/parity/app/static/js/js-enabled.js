// GOV.UK Frontend's body classes: set before the page draws, so components that hide content
// until JavaScript runs do not flash. A file, not an inline script: the content security policy
// allows scripts from Parity's own files only.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
