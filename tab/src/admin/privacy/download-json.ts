/** Hands `data` to the browser as a JSON file download named `filename`. */
export function downloadJson(filename: string, data: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  // Revoked after the click has handed the file over, so the download is not cut off.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
