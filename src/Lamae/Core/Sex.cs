namespace Lamae.Core;

/// <summary>Sex as recorded with an ECG.</summary>
public enum Sex
{
    Unknown = 0,
    Male = 1,
    Female = 2,
}
