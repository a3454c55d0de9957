/**
 * The one score normaliser plugins share (plugins/helper.DefaultNormalizeScore): scales raw
 * scores from [0, max(scores)] to [0, maxPriority] with integer division, and with reverse
 * flips them (maxPriority − score), so "fewer is better" counts (untolerated
 * PreferNoSchedule taints) become "higher is better".
 *
 *   raw [0, 2, 4], reverse=false → [0, 50, 100];   reverse=true → [100, 50, 0]
 *   raw [0, 0, 0], reverse=true  → [100, 100, 100]  (all equal: all best)
 */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: number[]): void {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  if (max === 0) {
    if (reverse) scores.fill(maxPriority);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    let s = Math.trunc((maxPriority * scores[i]!) / max);
    if (reverse) s = maxPriority - s;
    scores[i] = s;
  }
}
