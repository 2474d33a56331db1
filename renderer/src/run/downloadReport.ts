import type { HandinDocument, LabApi, Language, ReportDocument, Result } from '../../../preload/api.ts';

/**
 * Asks the core for the report and saves it through an <a download>: that works in browser mode,
 * and Electron turns the same click into its save dialog.
 */
export async function downloadReport(api: LabApi, runId: string, language: Language): Promise<Result<ReportDocument>> {
  const result = await api.exportReport(runId, language);
  if (result.ok) saveHtml(result.value.fileName, result.value.html);
  return result;
}

/** The hand-in report of several runs of a lab, saved the same way. */
export async function downloadHandinReport(api: LabApi, labId: string, runIds: string[], language: Language): Promise<Result<HandinDocument>> {
  const result = await api.exportHandinReport(labId, runIds, language);
  if (result.ok) saveHtml(result.value.fileName, result.value.html);
  return result;
}

function saveHtml(fileName: string, html: string): void {
  const blob = new Blob([html], { type: 'text/html;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
