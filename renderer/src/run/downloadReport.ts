import type { LabApi, Language, ReportDocument, Result } from '../../../preload/api.ts';

/**
 * Asks the core for the report and saves it through an <a download>: that works in browser mode,
 * and Electron turns the same click into its save dialog.
 */
export async function downloadReport(api: LabApi, runId: string, language: Language): Promise<Result<ReportDocument>> {
  const result = await api.exportReport(runId, language);
  if (!result.ok) return result;
  const blob = new Blob([result.value.html], { type: 'text/html;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = result.value.fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return result;
}
