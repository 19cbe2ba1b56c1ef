using Tracing.Sdk.Propagation;

namespace Tracing.Sdk.Tests.Propagation;

public class BaggageReaderTests
{
    [Fact]
    public void Read_ValidMembers_BaggageWithDecodedValues()
    {
        var baggage = BaggageReader.Read("user=alice,tenant=a%20b;p=1");
        Assert.Equal(2, baggage.Count);
        Assert.Equal("alice", baggage.GetBaggage("user"));
        Assert.Equal("a b", baggage.GetBaggage("tenant"));
    }

    [Fact]
    public void Read_TwiceOnOneThread_NoMemberCarriedOver()
    {
        _ = BaggageReader.Read("first=1,second=2");
        var baggage = BaggageReader.Read("third=3");
        Assert.Equal(1, baggage.Count);
        Assert.Equal("3", baggage.GetBaggage("third"));
        Assert.Null(baggage.GetBaggage("first"));
    }

    [Fact]
    public void Read_NoValidMember_Default()
    {
        Assert.Equal(default, BaggageReader.Read("no-equals,=v"));
    }

    [Fact]
    public void Read_RepeatedKey_LastWins()
    {
        Assert.Equal("2", BaggageReader.Read("k=1,k=2").GetBaggage("k"));
    }

    [Fact]
    public void Read_ReturnedBaggage_NotChangedByLaterReads()
    {
        var first = BaggageReader.Read("k=1");
        _ = BaggageReader.Read("k=2,other=3");
        Assert.Equal(1, first.Count);
        Assert.Equal("1", first.GetBaggage("k"));
    }
}
