import type { ErrorCode } from '../api.ts';
import { keys, useT, type Params } from '../i18n/t.ts';

interface Props {
  code: ErrorCode;
  params?: Params;
  id?: string;
}

/**
 * An error in plain words plus what the user can do about it. role="alert" so a screen reader
 * speaks it as soon as it appears, wherever focus is.
 */
export function ErrorNotice({ code, params, id }: Props) {
  const t = useT();
  return (
    <div className="notice notice--error" role="alert" id={id} data-code={code}>
      <p className="notice__message">{t(keys.errorMessage(code), params)}</p>
      <p className="notice__action">{t('error.whatToDo', { action: t(keys.errorAction(code), params) })}</p>
    </div>
  );
}
