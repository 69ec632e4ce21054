/** Census hazard type ids (as in layer refs and model hazards) → Chinese names used in zone and output names. */
export const HAZARD_NAMES: Record<string, string> = {
  landslide: '滑坡',
  collapse: '崩塌',
  debrisFlow: '泥石流',
  subsidence: '地面塌陷',
  geological: '地质灾害',
  flood: '洪水',
  flashFlood: '山洪',
  drought: '干旱',
  earthquake: '地震',
  rainstorm: '暴雨',
  typhoon: '台风',
  lightning: '雷电',
  hail: '冰雹',
  forestFire: '森林火灾',
  stormSurge: '风暴潮',
};
