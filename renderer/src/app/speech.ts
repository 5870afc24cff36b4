/**
 * Spoken prompts for the self-service profile (Web Speech API). Degrades to silence, never to an
 * error: no speechSynthesis, or no voice for the language, simply means text only. A prompt that
 * was just said is not repeated, and a new one interrupts the old (the person moved on).
 */
import { createContext, useContext } from 'react'
import type { Language } from '../i18n/messages'

export interface Speaker {
  /** Whether a voice exists for the current language (for the screen's "sound" indicator). */
  available: boolean
  say(text: string): void
}

const LOCALES: Record<Language, string> = { en: 'en', fr: 'fr', ar: 'ar' }
const REPEAT_AFTER_MS = 6000

export const SILENT: Speaker = { available: false, say: () => undefined }

/** `_voices` only changes the identity when the browser's voice list changes (for React). */
export function createSpeaker(lang: Language, enabled: boolean, _voices = 0): Speaker {
  const synth = typeof window !== 'undefined' ? window.speechSynthesis : undefined
  if (!enabled || synth === undefined) return SILENT
  const voiceFor = () =>
    synth.getVoices().find((v) => v.lang.toLowerCase().startsWith(LOCALES[lang])) ?? null
  let last = ''
  let lastAt = 0
  return {
    get available() {
      return voiceFor() !== null
    },
    say(text) {
      const now = Date.now()
      if (text === last && now - lastAt < REPEAT_AFTER_MS) return
      const voice = voiceFor()
      if (voice === null) return
      last = text
      lastAt = now
      try {
        synth.cancel()
        const u = new SpeechSynthesisUtterance(text)
        u.voice = voice
        u.lang = voice.lang
        u.rate = 0.95
        synth.speak(u)
      } catch {
        // A speech engine that fails must never stop the capture.
      }
    },
  }
}

export const SpeechContext = createContext<Speaker>(SILENT)
export const useSpeech = (): Speaker => useContext(SpeechContext)
