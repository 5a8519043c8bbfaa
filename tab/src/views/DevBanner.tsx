import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';

/** Outside Teams in development mode the server acts as a development identity: say so, always. */
export function DevBanner({ name }: { name: string }) {
  const { t } = useTranslation();
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t('dev.title')}</MessageBarTitle>
        {t('dev.body', { name })}
      </MessageBarBody>
    </MessageBar>
  );
}
