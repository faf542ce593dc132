// The hazard categories the server knows (core/checklist CategoryName; any other is a 422), in the
// order the forms offer them. One list for every form that picks a category.
export const HAZARD_CATEGORIES = [
  'evacuation',
  'exits',
  'three_in_one',
  'electrical',
  'extinguisher',
  'fire_separation',
  'e_bike',
  'storage',
  'hot_work',
  'chemicals',
  'dust',
  'management',
  'building',
  'training',
  'alarms',
  'fire_lane',
  'other',
] as const;
