/**
 * Shown when the project saved as open failed its checks at start-up: why, that a default project
 * opened instead, and a button that downloads the damaged project's raw JSON (as a project file).
 */
interface Props {
  damaged: { message: string; name: string; raw: string };
  onDismiss: () => void;
}

export function RecoveryNotice({ damaged, onDismiss }: Props) {
  const download = () => {
    const slug = damaged.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'project';
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([damaged.raw], { type: 'application/json' }));
    a.download = `${slug}-damaged.playground.json`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  };
  return (
    <div className="alert warn" role="alert" data-testid="damaged-project">
      <p>
        <strong>A default project was opened instead.</strong> {damaged.message}
      </p>
      <div className="button-row">
        <button type="button" className="small" onClick={download} data-testid="download-damaged">
          Download the damaged project
        </button>
        <button type="button" className="small" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
