import type { FormInstance } from 'antd';
import { ApiError } from './api';

type Notify = (text: string) => void;

/**
 * Shows an API error as the server phrased it: beside the form control it names when
 * the form has one (the API's field is a path like `nics/0/network`), otherwise as a
 * message. Returns nothing so callers can `.catch(report(...))`.
 */
export function reportError(error: unknown, notify: Notify, form?: FormInstance): void {
  if (error instanceof ApiError && error.field && form) {
    const name = error.field.split('/').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    const known = form.getFieldInstance(name) !== undefined || hasField(form, name);
    if (known) {
      form.setFields([{ name, errors: [error.message] }]);
      return;
    }
  }
  notify(error instanceof Error ? error.message : String(error));
}

function hasField(form: FormInstance, name: (string | number)[]): boolean {
  try {
    return form.getFieldValue(name) !== undefined;
  } catch {
    return false;
  }
}
