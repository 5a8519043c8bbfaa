import { Button } from '@fluentui/react-components';
import { ArrowLeftRegular } from '@fluentui/react-icons';

/** The way back to the list of matches (LOOK-2), always at the top. */
export function BackBar({ label, onBack }: { label: string; onBack(): void }) {
  return (
    <nav>
      <Button appearance="subtle" icon={<ArrowLeftRegular />} onClick={onBack}>{label}</Button>
    </nav>
  );
}
