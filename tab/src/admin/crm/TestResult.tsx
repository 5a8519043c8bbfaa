import { makeStyles, mergeClasses, MessageBar, MessageBarBody, MessageBarTitle, Text, tokens } from '@fluentui/react-components';
import { CheckmarkCircleFilled, CircleRegular, DismissCircleFilled } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { StepResult, TestStep } from './test-steps';

const useStyles = makeStyles({
  steps: { margin: `${tokens.spacingVerticalXS} 0 0`, padding: 0, listStyle: 'none', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  step: { display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: tokens.spacingHorizontalS, alignItems: 'start' },
  icon: { fontSize: '20px', lineHeight: tokens.lineHeightBase300 },
  passed: { color: tokens.colorPaletteGreenForeground1 },
  failed: { color: tokens.colorPaletteRedForeground1 },
  skipped: { color: tokens.colorNeutralForeground3 },
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, overflowWrap: 'anywhere' },
});

const ICONS: Record<StepResult, typeof CircleRegular> = { passed: CheckmarkCircleFilled, failed: DismissCircleFilled, skipped: CircleRegular };

export interface TestResultProps {
  steps: TestStep[];
  /** The CRM's product name. */
  crm: string;
  /** A setting's label, for the API's field name. */
  labelOf(field: string): string;
}

/** "Test connection": each step passed, failed (with what the API said) or not reached; not by colour alone. */
export function TestResult({ steps, crm, labelOf }: TestResultProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const passed = steps.every((s) => s.result === 'passed');
  return (
    <MessageBar intent={passed ? 'success' : 'error'} politeness={passed ? 'polite' : 'assertive'} layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t(passed ? 'admin.crm.result.passed' : 'admin.crm.result.failed')}</MessageBarTitle>
        <ol className={styles.steps} aria-label={t('admin.crm.result.title')}>
          {steps.map((step) => {
            const Icon = ICONS[step.result];
            return (
              <li key={step.name} className={styles.step}>
                <Icon aria-hidden className={mergeClasses(styles.icon, styles[step.result])} />
                <span className={styles.body}>
                  <Text>
                    <Text weight="semibold">{t(`admin.crm.result.${step.name}`, { crm })}</Text>
                    {': '}
                    {t(`admin.crm.result.step.${step.result}`)}
                  </Text>
                  {step.fields && step.fields.length > 0 && <Text>{t('admin.crm.result.check', { fields: step.fields.map(labelOf).join(', ') })}</Text>}
                  {step.failure && <Text>{t(`admin.crm.result.${step.failure}`)}</Text>}
                  {step.detail && step.result === 'failed' && <Text>{t('admin.crm.result.detail', { detail: step.detail })}</Text>}
                </span>
              </li>
            );
          })}
        </ol>
      </MessageBarBody>
    </MessageBar>
  );
}
