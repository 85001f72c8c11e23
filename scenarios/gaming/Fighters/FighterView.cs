namespace Fpx.Scenarios.Gaming;

/// <summary>What a fighter is shown when it decides.</summary>
/// <param name="State">A snapshot of the game at the start of the frame. Model fighters must only use
/// <paramref name="Observation"/>; scripted fighters read the state directly.</param>
/// <param name="Me">The deciding fighter, 0 or 1.</param>
/// <param name="Observation">The observation tokens (<see cref="GamingVocabulary"/>) from <paramref name="Me"/>'s side.</param>
public sealed record FighterView(GameState State, int Me, int[] Observation);
