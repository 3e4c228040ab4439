import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../../src/core/errors.js';
import { parseProxyConfig } from '../../../src/proxy/config-file.js';

function problemsOf(text: string): string[] {
  try {
    parseProxyConfig(text, 'proxies.json');
  } catch (error) {
    expect(error).toBeInstanceOf(FaultlineError);
    expect((error as FaultlineError).code).toBe('FAULTLINE_CONFIG_INVALID');
    expect((error as FaultlineError).message).toMatch(/^proxies\.json: invalid proxies file:\n/);
    return (error as FaultlineError).details.problems as string[];
  }
  throw new Error('expected the file to be refused');
}

describe('proxies config file', () => {
  it('reads the array POST /populate takes, with Toxiproxy defaults', () => {
    const proxies = parseProxyConfig(
      JSON.stringify([
        { name: 'db', listen: '127.0.0.1:26379', upstream: '127.0.0.1:6379' },
        { name: 'api', upstream: '127.0.0.1:80', enabled: false },
      ]),
      'proxies.json',
    );
    expect(proxies).toEqual([
      { name: 'db', listen: '127.0.0.1:26379', upstream: '127.0.0.1:6379', enabled: true },
      { name: 'api', listen: '', upstream: '127.0.0.1:80', enabled: false },
    ]);
  });

  it('reports every problem at once, each with its path', () => {
    const problems = problemsOf(
      JSON.stringify([
        { name: 'a', upstream: '127.0.0.1:1' },
        { upstream: '127.0.0.1:2' },
        { name: 'c' },
        { name: 'a', upstream: '127.0.0.1:3' },
        { name: 'e', upstream: '127.0.0.1:4', enabled: 'yes' },
        { name: 'f', upstream: '127.0.0.1:5', lisen: '127.0.0.1:0' },
      ]),
    );
    expect(problems).toEqual([
      '$[1].name: missing required field',
      '$[2].upstream: missing required field',
      '$[3].name: duplicate proxy name "a"',
      '$[4]: field "enabled" must be a boolean, got the string "yes"',
      '$[5]: unknown field "lisen"; expected one of name, listen, upstream, enabled',
    ]);
  });

  it.each([
    ['{"name":"x"}', '$: expected a JSON array of proxies'],
    ['[{', '$: not valid JSON'],
  ])('refuses %j', (text, problem) => {
    expect(problemsOf(text)[0]).toContain(problem);
  });
});
