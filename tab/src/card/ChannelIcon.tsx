import { CallRegular, ChatRegular, CommentRegular, GlobeRegular, MailRegular, PeopleCommunityRegular, VoicemailRegular } from '@fluentui/react-icons';
import type { InteractionData } from '../api/types';

const ICONS = {
  voice: CallRegular,
  voicemail: VoicemailRegular,
  sms: CommentRegular,
  chat: ChatRegular,
  email: MailRegular,
  social: PeopleCommunityRegular,
  web: GlobeRegular,
} as const;

/** Decorative: the channel is always also written out next to it. */
export function ChannelIcon({ channel }: { channel: InteractionData['channel'] }) {
  const Icon = ICONS[channel];
  return <Icon aria-hidden="true" fontSize={20} />;
}
