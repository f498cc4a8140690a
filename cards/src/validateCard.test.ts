import { ACTIONS } from './actions';
import { ActionRef } from './actionRef';
import { Card, actionRef, button, card, field, linkButton, notice, option, select } from './model';
import {
  checklistCard,
  dailyNotice,
  draftAreaCard,
  draftAreaCategoryCard,
  finishedHazardCard,
  gradeCard,
  hazardAssignmentCard,
  permitApprovalCard,
} from './render/sampleCards';
import { InvalidCardError, NEUTRAL_LIMITS, assertValidCard, validateCard, validateNotice } from './validateCard';

const ref = (a: ActionRef['action'] = ACTIONS.hazard_accept, version = 1): ActionRef => actionRef(a, 'hazard', 'h-1', version);
const opts = [option('a', 'A'), option('b', 'B')];
const codes = (c: Card) => validateCard(c).map((p) => `${p.code}@${p.path}`);

describe('validateCard', () => {
  it.each([
    ['hazardAssignmentCard', hazardAssignmentCard()],
    ['permitApprovalCard', permitApprovalCard()],
    ['draftAreaCard', draftAreaCard()],
    ['draftAreaCategoryCard', draftAreaCategoryCard()],
    ['checklistCard', checklistCard()],
    ['gradeCard', gradeCard()],
    ['finishedHazardCard', finishedHazardCard()],
  ])('accepts the sample %s', (_name, c) => {
    expect(validateCard(c)).toEqual([]);
  });

  it.each<[string, Card, string[]]>([
    ['bad kind', card('Hazard', 'x'), ['invalid_kind@kind']],
    ['kind without dot', card('hazard', 'x'), ['invalid_kind@kind']],
    ['empty title', card('a.b', '  '), ['empty_title@title']],
    ['long title', card('a.b', 'x'.repeat(NEUTRAL_LIMITS.titleChars + 1)), ['title_too_long@title']],
    ['too many fields', card('a.b', 't', { fields: Array.from({ length: 13 }, (_, i) => field(`f${i}`, 'v')) }), ['too_many_fields@fields']],
    ['empty field label', card('a.b', 't', { fields: [field(' ', 'v')] }), ['empty_field_label@fields[0].label']],
    ['long text', card('a.b', 't', { text: '字'.repeat(2001) }), ['text_too_long@text']],
    ['empty image', card('a.b', 't', { image: { fileId: '', alt: '' } }), ['empty_image_file@image.fileId']],
    ['bad link', card('a.b', 't', { link: { label: 'x', url: 'javascript:alert(1)' } }), ['invalid_link_url@link.url']],
    [
      'too many buttons',
      card('a.b', 't', { buttons: [1, 2, 3, 4, 5, 6].map((v) => button(`b${v}`, ref(ACTIONS.noop, v))) }),
      ['too_many_buttons@buttons'],
    ],
    ['empty button label', card('a.b', 't', { buttons: [button('', ref())] }), ['empty_button_label@buttons[0].label']],
    ['button with both', card('a.b', 't', { buttons: [{ label: 'x', style: 'default', action: ref(), url: 'https://a.b' }] }), ['button_needs_action_or_url@buttons[0]']],
    ['button with neither', card('a.b', 't', { buttons: [{ label: 'x', style: 'default' }] }), ['button_needs_action_or_url@buttons[0]']],
    ['bad button url', card('a.b', 't', { buttons: [linkButton('x', 'ftp://a')] }), ['invalid_link_url@buttons[0].url']],
    [
      'bad action ref',
      card('a.b', 't', { buttons: [button('x', { ...ref(), subjectType: 'Bad' })] }),
      ['invalid_action_ref@buttons[0].action'],
    ],
    ['duplicate button action', card('a.b', 't', { buttons: [button('x', ref()), button('y', ref())] }), ['duplicate_button_action@buttons[1].action']],
    [
      'too many selects',
      card('a.b', 't', { selects: ['a', 'b', 'c', 'd'].map((id) => select(id, id, opts, ref())) }),
      ['too_many_selects@selects'],
    ],
    ['bad select id', card('a.b', 't', { selects: [select('Area', 'x', opts, ref())] }), ['invalid_select_id@selects[0].id']],
    [
      'duplicate select id',
      card('a.b', 't', { selects: [select('area', 'x', opts, ref()), select('area', 'y', opts, ref())] }),
      ['duplicate_select_id@selects[1].id'],
    ],
    ['empty select label', card('a.b', 't', { selects: [select('area', '', opts, ref())] }), ['empty_select_label@selects[0].label']],
    ['no options', card('a.b', 't', { selects: [select('area', 'x', [], ref())] }), ['no_options@selects[0].options']],
    [
      'too many options',
      card('a.b', 't', { selects: [select('area', 'x', Array.from({ length: 11 }, (_, i) => option(`o${i}`, 'o')), ref())] }),
      ['too_many_options@selects[0].options'],
    ],
    ['bad option id', card('a.b', 't', { selects: [select('area', 'x', [option('a b', 'x')], ref())] }), ['invalid_option_id@selects[0].options[0].id']],
    [
      'duplicate option id',
      card('a.b', 't', { selects: [select('area', 'x', [option('a', 'x'), option('a', 'y')], ref())] }),
      ['duplicate_option_id@selects[0].options[1].id'],
    ],
    ['empty option label', card('a.b', 't', { selects: [select('area', 'x', [option('a', ' ')], ref())] }), ['empty_option_label@selects[0].options[0].label']],
    [
      'unknown selected',
      card('a.b', 't', { selects: [select('area', 'x', opts, ref(), { selectedIds: ['z'] })] }),
      ['unknown_selected_option@selects[0].selectedIds[0]'],
    ],
    [
      'two selected in single',
      card('a.b', 't', { selects: [select('area', 'x', opts, ref(), { selectedIds: ['a', 'b'] })] }),
      ['several_selected_in_single_select@selects[0].selectedIds'],
    ],
    [
      'selects with different actions',
      card('a.b', 't', { selects: [select('area', 'x', opts, ref()), select('kind', 'y', opts, ref(ACTIONS.hazard_rectified))] }),
      ['selects_action_mismatch@selects[1].action'],
    ],
    [
      'two selects with buttons',
      card('a.b', 't', { selects: [select('area', 'x', opts, ref()), select('kind', 'y', opts, ref())], buttons: [button('b', ref())] }),
      ['selects_with_buttons@selects'],
    ],
    [
      'multiple select with buttons',
      card('a.b', 't', { selects: [select('area', 'x', opts, ref(), { multiple: true })], buttons: [button('b', ref())] }),
      ['multiple_select_not_alone@selects'],
    ],
    [
      'multiple select with another select',
      card('a.b', 't', { selects: [select('area', 'x', opts, ref(), { multiple: true }), select('kind', 'y', opts, ref())] }),
      ['multiple_select_not_alone@selects'],
    ],
  ])('reports %s', (_name, c, expected) => {
    expect(codes(c)).toEqual(expected);
  });

  it('allows 20 options in a lone multiple-choice select', () => {
    const many = Array.from({ length: 20 }, (_, i) => option(`o${i}`, 'o'));
    expect(validateCard(card('a.b', 't', { selects: [select('area', 'x', many, ref(), { multiple: true })] }))).toEqual([]);
  });

  it('carries the limit as a message parameter', () => {
    expect(validateCard(card('a.b', 'x'.repeat(65)))).toEqual([{ code: 'title_too_long', path: 'title', params: { max: 64 } }]);
  });
});

describe('assertValidCard', () => {
  it('throws InvalidCardError with the problems', () => {
    const bad = card('a.b', '');
    expect(() => assertValidCard(bad)).toThrow(InvalidCardError);
    expect(() => assertValidCard(bad)).toThrow('empty_title at title');
    expect(() => assertValidCard(hazardAssignmentCard())).not.toThrow();
  });
});

describe('validateNotice', () => {
  it('accepts the sample and reports an empty title and bad link', () => {
    expect(validateNotice(dailyNotice())).toEqual([]);
    expect(validateNotice(notice('', 'x', { link: { label: 'l', url: 'nope' } })).map((p) => p.code)).toEqual(['empty_title', 'invalid_link_url']);
  });
});
