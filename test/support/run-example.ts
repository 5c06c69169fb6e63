import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The repository's root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Runs a TypeScript file of the repository with tsx (which maps `touchbase` to `src/` via tsconfig paths). */
export const runExample = (relativePath: string, args: readonly string[] = []): string =>
  execFileSync(process.execPath, ['--import', 'tsx', relativePath, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', TZ: 'UTC' },
    timeout: 120_000,
  })

/**
 * The output an example says it prints: comment lines that directly follow a line of code
 * (explanatory comments follow a blank line or precede code instead).
 */
export const expectedOutput = (source: string): string[] => {
  const lines = source.split('\n')
  const out: string[] = []
  let previousIsCodeOrOutput = false
  for (const line of lines) {
    const trimmed = line.trim()
    const isComment = trimmed.startsWith('// ')
    if (isComment && previousIsCodeOrOutput) out.push(trimmed.slice(3))
    previousIsCodeOrOutput = trimmed.length > 0 && (!isComment || previousIsCodeOrOutput)
  }
  return out
}

/** The fenced code blocks of a markdown file with their info strings. */
export const codeBlocks = (markdownPath: string): Array<{ info: string; code: string }> => {
  const text = readFileSync(new URL(markdownPath, `file://${ROOT}`), 'utf8')
  const blocks: Array<{ info: string; code: string }> = []
  const re = /^```([^\n]*)\n([\s\S]*?)^```$/gm
  for (let m = re.exec(text); m !== null; m = re.exec(text)) blocks.push({ info: (m[1] ?? '').trim(), code: m[2] ?? '' })
  return blocks
}
