import { histogramCount, histogramMedian } from './histogram';

describe('Medians from histograms', () => {
  it('When the bars hold an odd number of values, Then the median is the middle one', () => {
    expect(
      histogramMedian([
        { days: 3, n: 2 },
        { days: 1, n: 1 },
        { days: 9, n: 2 },
      ]),
    ).toBe(3);
  });

  it('When the number is even, Then the median is the mean of the two middle values, as percentile_cont gives it', () => {
    expect(
      histogramMedian([
        { days: 2, n: 1 },
        { days: 5, n: 1 },
      ]),
    ).toBe(3.5);
    expect(
      histogramMedian([
        { days: 4, n: 3 },
        { days: 4, n: -1 },
        { days: 7, n: 2 },
      ]),
    ).toBe(5.5);
  });

  it('When values are not measurable or bars cancel out, Then they are left out, and nothing left gives null', () => {
    expect(
      histogramMedian([
        { days: null, n: 4 },
        { days: 6, n: 1 },
      ]),
    ).toBe(6);
    expect(
      histogramCount([
        { days: null, n: 4 },
        { days: 6, n: 1 },
      ]),
    ).toBe(1);
    expect(
      histogramMedian([
        { days: 6, n: 1 },
        { days: 6, n: -1 },
      ]),
    ).toBeNull();
  });
});
