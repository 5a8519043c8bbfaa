import { Spinner } from '@fluentui/react-components';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardPreviewProps } from './CardPreview';

// The Adaptive Cards SDK and the templating engine are large: they load with the preview, apart from the page.
const CardPreview = lazy(() => import('./CardPreview'));

export function LazyCardPreview(props: CardPreviewProps) {
  const { t } = useTranslation();
  return (
    <Suspense fallback={<Spinner size="tiny" label={t('loading')} />}>
      <CardPreview {...props} />
    </Suspense>
  );
}
