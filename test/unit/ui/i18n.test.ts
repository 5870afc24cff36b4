import { describe, expect, it } from 'vitest'
import { rendererI18n } from '../../support/renderer-i18n'

const { LANGUAGES, MESSAGES, translate } = await rendererI18n()
type MessageKey = string
const text = (lang: 'en' | 'fr' | 'ar', k: string): string => MESSAGES[lang][k] ?? ''

const en = MESSAGES.en
const keys: MessageKey[] = Object.keys(en)
const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('UI text', () => {
  it.each(LANGUAGES.map((l) => l.id))('%s has every key, none empty', (lang) => {
    for (const k of keys) expect(MESSAGES[lang][k]?.trim(), `${lang} ${k}`).toBeTruthy()
  })
  it.each(['fr', 'ar'] as const)('%s uses the same placeholders as English', (lang) => {
    for (const k of keys) {
      // Arabic may spell a count out ("one second") instead of using {n}.
      if (lang === 'ar' && k.endsWith('.one')) continue
      expect(vars(text(lang, k)), `${lang} ${k}`).toEqual(vars(text('en', k)))
    }
  })
  it.each(['fr', 'ar'] as const)('%s is translated (not English left in place)', (lang) => {
    const same = keys.filter(
      (k) => text(lang, k) === text('en', k) && !/^\W*$|^\{|^[A-Z]{2,}/.test(text('en', k)),
    )
    // Words that are the same in French (Type, Date, Version, Mode …) are few.
    expect(same.length, same.join(', ')).toBeLessThan(lang === 'fr' ? 12 : 1)
  })
  it('Arabic is the right-to-left language', () => {
    expect(LANGUAGES.map((l) => [l.id, l.dir])).toEqual([
      ['en', 'ltr'],
      ['fr', 'ltr'],
      ['ar', 'rtl'],
    ])
  })
})

describe('translate', () => {
  it('fills placeholders and picks plural forms by the language’s rules', () => {
    expect(translate('en', 'review.captured', { n: 1 })).toBe('Photo and 1 video frame taken.')
    expect(translate('en', 'review.captured', { n: 7 })).toBe('Photo and 7 video frames taken.')
    // French "one" covers 0 and 1.
    expect(translate('fr', 'idle.text', { n: 0 })).toMatch(/dans 0 seconde\./)
    expect(translate('ar', 'idle.text', { n: 1 })).toMatch(/ثانية واحدة/)
    expect(translate('en', 'queue.count', { n: 3 })).toBe('3 jobs')
    expect(translate('en', 'challenge.attempt', { n: 2 })).toBe('Attempt 2 of {total}')
  })
})
