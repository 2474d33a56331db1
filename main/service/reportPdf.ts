// Printing a report (a run's or a hand-in's) to PDF, for the faces: the CLI reaches the report
// code only through the service.
export { PdfUnavailableError, printReportToPdf } from '../report/pdfExport.ts';
