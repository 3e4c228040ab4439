import { readFile } from 'node:fs/promises';
import { FaultlineError } from '../core/errors.js';
import { decodeProxy, type ProxyInput } from './requests.js';

/**
 * Read a proxies file: the same JSON array `POST /populate` takes (toxiproxy-server's -config).
 * Every problem is reported at once, each with the file and the JSON path of the entry.
 */
export async function loadProxyConfig(path: string): Promise<ProxyInput[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new FaultlineError('FAULTLINE_CONFIG_READ', `${path}: cannot read the proxies file: ${(error as Error).message}`, { file: path });
  }
  return parseProxyConfig(text, path);
}

export function parseProxyConfig(text: string, path: string): ProxyInput[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalid(path, [`$: not valid JSON (${(error as Error).message})`]);
  }
  if (!Array.isArray(value)) throw invalid(path, ['$: expected a JSON array of proxies like [{"name":"db","listen":"127.0.0.1:26379","upstream":"127.0.0.1:6379"}]']);
  const proxies: ProxyInput[] = [];
  const problems: string[] = [];
  const names = new Set<string>();
  value.forEach((entry, index) => {
    const decoded = decodeProxy(entry);
    if (!decoded.ok) {
      problems.push('missing' in decoded ? `$[${index}].${decoded.missing}: missing required field` : `$[${index}]: ${decoded.message}`);
      return;
    }
    if (names.has(decoded.value.name)) problems.push(`$[${index}].name: duplicate proxy name "${decoded.value.name}"`);
    names.add(decoded.value.name);
    proxies.push(decoded.value);
  });
  if (problems.length > 0) throw invalid(path, problems);
  return proxies;
}

function invalid(path: string, problems: string[]): FaultlineError {
  const message = `${path}: invalid proxies file:\n${problems.map((p) => `  - ${p}`).join('\n')}`;
  return new FaultlineError('FAULTLINE_CONFIG_INVALID', message, { file: path, problems });
}
