import { makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { AdaptiveCard } from 'adaptivecards';
import type { TFunction } from 'i18next';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { customerCardJson } from '../../../../bot/cards/card-json';
import { cardTranslator } from '../../../../bot/cards/card-texts';
import type { FieldDefinitionData } from '../../api/types';
import { useApp } from '../../AppContext';
import { languageFor } from '../../i18n/i18n';
import { botTexts, sampleCard } from './sample-card';
import { teamsHostConfig } from './teams-card-host';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  heading: { margin: `${tokens.spacingVerticalM} 0 0` },
  hint: { color: tokens.colorNeutralForeground3, marginBottom: tokens.spacingVerticalS },
  // A chat message's width and frame in Teams.
  card: {
    maxWidth: '32rem',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    overflow: 'hidden',
    '& .ac-pushButton': {
      minHeight: '32px',
      padding: `0 ${tokens.spacingHorizontalM}`,
      fontFamily: tokens.fontFamilyBase,
      fontSize: tokens.fontSizeBase300,
      fontWeight: tokens.fontWeightSemibold,
      color: tokens.colorNeutralForeground1,
      backgroundColor: tokens.colorNeutralBackground1,
      border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
      borderRadius: tokens.borderRadiusMedium,
      cursor: 'default',
    },
  },
});

export interface CardPreviewProps {
  fields: FieldDefinitionData[];
  /** 3 inside the field dialog, under its title. */
  headingLevel?: 2 | 3;
}

/**
 * The customer card as the bot posts it in chats, for a sample contact with the admin's fields: the
 * bot's template, data binding and texts (bot/cards), rendered by the Adaptive Cards SDK in the
 * admin's language and Teams theme. Loaded apart from the page (the SDK is large).
 */
export default function CardPreview({ fields, headingLevel = 2 }: CardPreviewProps) {
  const { t } = useTranslation();
  const { locale } = useApp();
  const styles = useStyles();
  const headingId = useId();
  const target = useRef<HTMLDivElement>(null);
  const language = languageFor(locale);
  const [cardT, setCardT] = useState<TFunction | null>(null);
  useEffect(() => {
    let current = true;
    void botTexts(language).then((texts) => current && setCardT(() => cardTranslator(language, texts)));
    return () => {
      current = false;
    };
  }, [language]);

  const sampleText = t('admin.fields.preview.sampleText');
  const json = useMemo(
    () => cardT && customerCardJson(sampleCard(fields, { text: sampleText }), { t: cardT, locale, tabUrl: `${window.location.origin}/tab` }),
    [cardT, fields, sampleText, locale],
  );

  useEffect(() => {
    if (!json || !target.current) return;
    const card = new AdaptiveCard();
    card.hostConfig = teamsHostConfig;
    card.onExecuteAction = () => undefined; // a preview: its buttons do nothing
    card.parse(json);
    const rendered = card.render();
    if (!rendered) return;
    rendered.querySelectorAll('button').forEach((button) => button.setAttribute('aria-disabled', 'true'));
    target.current.replaceChildren(rendered);
  }, [json]);

  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <Text as={`h${headingLevel}`} id={headingId} size={headingLevel === 2 ? 500 : 400} weight="semibold" className={styles.heading}>{t('admin.fields.preview.title')}</Text>
      <Text size={200} className={styles.hint}>{t('admin.fields.preview.hint')}</Text>
      {!json && <Spinner size="tiny" label={t('loading')} />}
      <div ref={target} className={styles.card} lang={language} />
    </section>
  );
}
