/**
 * Project bar: switch between named projects, rename, new, delete, download/upload a project
 * file, and a share link (spec + settings + seed in the URL hash). Shows the autosave state.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { ProjectSummary } from '../project/types';
import type { SaveStatus } from '../playground/usePlayground';

interface Props {
  currentId: string | null;
  name: string;
  projects: ProjectSummary[];
  saveStatus: SaveStatus;
  commands: {
    create: () => void;
    rename: (name: string) => void;
    switchTo: (id: string) => Promise<void> | void;
    remove: () => Promise<void> | void;
    download: () => void;
    upload: (f: File) => Promise<void> | void;
    shareLink: () => string;
  };
}

const SAVE_TEXT: Record<SaveStatus, string> = { idle: '', saving: 'Saving…', saved: 'Saved', error: 'Not saved', off: 'Storage off' };

export function ProjectBar({ currentId, name, projects, saveStatus, commands }: Props) {
  const id = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [draft, setDraft] = useState(name);
  const [share, setShare] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => setDraft(name), [name]);
  const list = projects.some((p) => p.id === currentId) ? projects : [...(currentId ? [{ id: currentId, name, updatedAt: 0 }] : []), ...projects];
  return (
    <div className="project-bar" role="group" aria-label="Project">
      <label htmlFor={`${id}-switch`} className="sr-only">
        Open project
      </label>
      <select id={`${id}-switch`} data-testid="project-select" value={currentId ?? ''} onChange={(e) => void commands.switchTo(e.target.value)}>
        {list.map((p) => (
          <option key={p.id} value={p.id}>
            {p.id === currentId ? name : p.name}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-name`} className="sr-only">
        Project name
      </label>
      <input
        id={`${id}-name`}
        className="project-name"
        data-testid="project-name"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => commands.rename(draft)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commands.rename(draft);
        }}
      />
      <button type="button" className="small" onClick={commands.create} data-testid="project-new">
        New
      </button>
      <button
        type="button"
        className="small"
        data-testid="project-delete"
        onClick={() => {
          if (window.confirm(`Delete the project "${name}" and its trained weights?`)) void commands.remove();
        }}
      >
        Delete
      </button>
      <button type="button" className="small" onClick={commands.download} data-testid="project-download">
        Download
      </button>
      <button type="button" className="small" onClick={() => fileRef.current?.click()} data-testid="project-upload">
        Upload
      </button>
      <input
        ref={fileRef}
        type="file"
        accept=".json,application/json"
        className="sr-only"
        tabIndex={-1}
        aria-label="Project file to upload"
        data-testid="project-file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void commands.upload(f);
        }}
      />
      <button
        type="button"
        className="small"
        data-testid="share"
        onClick={() => {
          setShare(commands.shareLink());
          setCopied(false);
        }}
      >
        Share
      </button>
      <span className="save-status muted small" aria-live="polite" data-testid="save-status">
        {SAVE_TEXT[saveStatus]}
      </span>
      {share && (
        <div className="share-popover" role="dialog" aria-label="Share link">
          <label htmlFor={`${id}-share`}>Link to this model (graph, settings and seed; not the weights)</label>
          <div className="share-row">
            <input id={`${id}-share`} readOnly value={share} data-testid="share-url" onFocus={(e) => e.target.select()} />
            <button
              type="button"
              className="small"
              onClick={() => {
                void navigator.clipboard?.writeText(share).then(
                  () => setCopied(true),
                  () => setCopied(false),
                );
              }}
            >
              {copied ? 'Copied' : 'Copy'}
            </button>
            <button type="button" className="small" onClick={() => setShare(null)} aria-label="Close the share link">
              ×
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
