namespace Fpx.Policy.Simulation;

/// <summary>Request budgets as a discrete mix: each budget with a relative weight.</summary>
public sealed class BudgetMix
{
    private readonly double[] _budgets;
    private readonly double[] _cumulative;

    /// <summary>Creates a mix.</summary>
    /// <param name="entries">(budget µs &gt; 0, weight &gt; 0) pairs, at least one.</param>
    /// <exception cref="ArgumentException">Empty, or a budget or weight is not positive and finite.</exception>
    public BudgetMix(params (double BudgetUs, double Weight)[] entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Length == 0)
        {
            throw new ArgumentException("A budget mix needs at least one entry", nameof(entries));
        }

        _budgets = new double[entries.Length];
        _cumulative = new double[entries.Length];
        double sum = 0;
        for (int i = 0; i < entries.Length; i++)
        {
            var (budget, weight) = entries[i];
            if (!(budget > 0 && double.IsFinite(budget) && weight > 0 && double.IsFinite(weight)))
            {
                throw new ArgumentException($"Entry {i}: budget and weight must be finite and > 0", nameof(entries));
            }

            _budgets[i] = budget;
            sum += weight;
            _cumulative[i] = sum;
        }

        for (int i = 0; i < _cumulative.Length; i++)
        {
            _cumulative[i] /= sum;
        }

        Entries = entries;
    }

    /// <summary>The entries as given.</summary>
    public IReadOnlyList<(double BudgetUs, double Weight)> Entries { get; }

    /// <summary>A single budget.</summary>
    /// <param name="budgetUs">The budget, µs.</param>
    /// <returns>The mix.</returns>
    public static BudgetMix Fixed(double budgetUs) => new((budgetUs, 1));

    internal double Sample(double uniform)
    {
        for (int i = 0; i < _cumulative.Length - 1; i++)
        {
            if (uniform < _cumulative[i])
            {
                return _budgets[i];
            }
        }

        return _budgets[^1];
    }
}
