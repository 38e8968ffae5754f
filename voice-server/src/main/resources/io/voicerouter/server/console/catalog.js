// What the seed says about each provider that the SDK's capabilities do not: a quality note and
// the free tier of each cloud quota bucket. Figures measured on this host come from /api/stats.

export const PROVIDER_NOTES = {
  xtts_v2: {name: 'XTTS v2 (Coqui)', quality: '5/5', note: 'Clones a voice from a short sample; slow on CPU.'},
  styletts2: {name: 'StyleTTS2', quality: '5/5 (best)', note: 'Highest quality for custom voices.'},
  piper: {name: 'Piper TTS', quality: '4/5', note: 'Fastest for default voices; pre-made voices only.'},
  espeak: {name: 'eSpeak NG', quality: '2/5', note: 'Robotic but instant and in almost every language; the embedded default.'},
  google_tts: {name: 'Google Cloud TTS', quality: '3/5', note: 'Cloud; free tier per month.'},
  azure_tts: {name: 'Azure TTS', quality: '4/5', note: 'Cloud; free tier per month.'},
  ibm_watson: {name: 'IBM Watson TTS', quality: '3/5', note: 'Cloud; Lite plan per month.'},
};

/** Published free tiers in characters per month, by quota bucket (the providers' defaults). */
export const QUOTA_BUCKETS = {
  'google_tts/standard': {label: 'Google Cloud (Standard)', limit: 1_000_000},
  'google_tts/wavenet_neural2': {label: 'Google Cloud (WaveNet/Neural2)', limit: 100_000},
  'azure_tts/neural': {label: 'Azure (Neural)', limit: 500_000},
  'ibm_watson/lite': {label: 'IBM Watson (Lite)', limit: 10_000},
};

export const CLOUD_PROVIDERS = new Set(['google_tts', 'azure_tts', 'ibm_watson']);

export function providerName(id, providers = []) {
  const p = providers.find((x) => x.id === id);
  return (p && p.display_name && p.display_name !== id ? p.display_name : null)
      || (PROVIDER_NOTES[id] && PROVIDER_NOTES[id].name) || id;
}
