/**
 * The contract's part for the workspace: the folder of projects that are listed and opened
 * by name (serve mode has no native dialog; the desktop app uses the same folder). New
 * projects go there by `project.new {name}`, and `project.saveAs {name}` saves a copy there.
 */
import { z } from 'zod';
import { empty } from '../schemas';
import type { ProjectDraftView, ProjectView } from './contract';

/** A project of the workspace, as the start page lists it. */
export interface WorkspaceProject {
  /** Its name: the file name without `.riskatlas`. */
  name: string;
  /** Last modification of the project file (ISO time). */
  modified: string;
  /** Its place in the recently-opened list (0 = the last opened); absent when not recently opened. */
  recent?: number;
  /** An autosave newer than the file exists: the last session ended with unsaved work. */
  recoverable: boolean;
  /** It is the project open now. */
  open: boolean;
}

/** The workspace's projects: recently opened first, then by modification time. */
export interface WorkspaceListing {
  /** The workspace folder's own name (never its path). */
  folder: string;
  projects: WorkspaceProject[];
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/**
 * A project's name in the workspace: one file name — no folder separators, no characters
 * Windows refuses, no leading dot (hidden files) or trailing dot or space, no reserved
 * device name — so it can never name a place outside the workspace.
 */
export const workspaceName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((n) => !/[\\/:*?"<>|\u0000-\u001f]/.test(n), { message: 'a project name may not contain \\ / : * ? " < > | or control characters' })
  .refine((n) => !n.startsWith('.') && !/[. ]$/.test(n) && !WINDOWS_RESERVED.test(n), { message: 'a project name may not start with a dot, end with a dot or space, or be a device name' });

export const workspaceArgs = {
  /** The projects of the workspace, with which is open and which have unsaved work to recover. */
  'workspace.list': empty,
  /** Open the workspace's project of this name. */
  'workspace.open': z.object({ name: workspaceName }).strict(),
} as const;

export interface WorkspaceResults {
  'workspace.list': WorkspaceListing;
  /** A view when the project has a complete model, else its draft (catalogue only). */
  'workspace.open': ProjectView | ProjectDraftView;
}
