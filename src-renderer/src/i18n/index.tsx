/** UI strings through `t(key)`; zh-CN by default, English on request. */
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { zh, type MessageKey } from './zh';
import { en } from './en';
import { errorMessage } from './errorText';

export type Lang = 'zh' | 'en';

interface I18n {
  lang: Lang;
  setLang(l: Lang): void;
  /** The message for `key`, with `{name}` placeholders filled from `params`. */
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** A person's message for an error code, filled with its particulars (layer, field…) when given. */
  errorText(code: string, params?: Readonly<Record<string, string | number>>): string;
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem('riskatlas.lang') === 'en' ? 'en' : 'zh'));
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang(l) {
        localStorage.setItem('riskatlas.lang', l);
        document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
        setLang(l);
      },
      t(key, params) {
        // A key from data (a new run step, a component) may be unknown: show the key, not "undefined".
        const text: string = (lang === 'zh' ? zh : en)[key] ?? key;
        return params ? text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? '')) : text;
      },
      errorText: (code, params) => errorMessage(code, lang, params),
    }),
    [lang],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

/** The i18n functions of the current language. */
export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
