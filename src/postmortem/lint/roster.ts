import type { RosterEntry } from './finding.js';

/**
 * A roster file: one person per line, optionally with the role to use instead of the name —
 * `Priya Patel: incident commander` or `Priya Patel (incident commander)`. Blank lines and
 * `#` comments are ignored. Handles (`sydneythree`) work as names.
 */
export function parseRoster(text: string): RosterEntry[] {
  const entries: RosterEntry[] = [];
  for (const rawLine of text.split(/\r\n|\n|\r/)) {
    const line = rawLine.replace(/(?:^|\s)#.*$/, '').trim();
    if (line === '') continue;
    const match = /^(.+?)\s*(?::\s*(.+)|\((.+)\))$/.exec(line);
    const name = (match?.[1] ?? line).trim();
    const role = (match?.[2] ?? match?.[3])?.trim();
    entries.push(role ? { name, role } : { name });
  }
  return entries;
}
