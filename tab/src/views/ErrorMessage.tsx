import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/** An API failure in words the user can act on. */
export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const status = error instanceof ApiError ? error.problem.status : -1;
  const key = status === 0 ? 'network' : status === 401 ? 'signIn' : status === 403 ? 'forbidden' : status === 404 ? 'notFound' : 'generic';
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{t(`error.${key}.title`)}</MessageBarTitle>
        {t(`error.${key}.body`, { detail: error instanceof Error ? error.message : '' })}
      </MessageBarBody>
    </MessageBar>
  );
}
