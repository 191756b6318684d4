namespace Backtrace.Deduplication.Tests;

public class FunctionNameNormalizerTests
{
    [Theory]
    [InlineData("crash", "crash")]
    [InlineData("crash + 0x1c", "crash")]
    [InlineData("crash+28", "crash")]
    [InlineData("parse_header.isra.0", "parse_header")]
    [InlineData("parse_header.constprop.0.isra.0", "parse_header")]
    [InlineData("parse_header.part.3", "parse_header")]
    [InlineData("parse_header.cold", "parse_header")]
    [InlineData("parse_header.cold.17", "parse_header")]
    [InlineData("parse_header(char const*) [clone .isra.0]", "parse_header")]
    [InlineData("parse_header(char const*) [clone .cold]", "parse_header")]
    [InlineData("memcpy@@GLIBC_2.14", "memcpy")]
    [InlineData("free@plt", "free")]
    [InlineData("__GI_raise", "raise")]
    [InlineData("__GI___libc_free", "free")]
    [InlineData("ns::Cache<int, std::allocator<int> >::insert(int const&)", "ns::Cache::insert")]
    [InlineData("void ns::Cache<int>::insert<long>(long&&) const", "ns::Cache::insert")]
    [InlineData("std::vector<int, std::allocator<int> > ns::load[abi:cxx11](std::string const&)", "ns::load")]
    [InlineData("ns::Widget::name[abi:cxx11]() const", "ns::Widget::name")]
    [InlineData("(anonymous namespace)::worker(void*)", "(anonymous namespace)::worker")]
    [InlineData("run()::{lambda(int)#1}::operator()(int) const", "run::{lambda#1}::operator()")]
    [InlineData("ns::Matrix::operator()(unsigned long, unsigned long)", "ns::Matrix::operator()")]
    [InlineData("std::basic_ostream<char, std::char_traits<char> >& std::operator<< <std::char_traits<char> >(std::basic_ostream<char, std::char_traits<char> >&, char const*)", "std::operator<<")]
    [InlineData("bool ns::operator< <int>(ns::Box<int> const&, ns::Box<int> const&)", "ns::operator<")]
    [InlineData("ns::Ptr::operator->() const", "ns::Ptr::operator->")]
    [InlineData("ns::Buffer::operator new[](unsigned long)", "ns::Buffer::operator new[]")]
    [InlineData("ns::Flag::operator bool() const", "ns::Flag::operator bool")]
    [InlineData("ns::Node::~Node()", "ns::Node::~Node")]
    [InlineData("core::ptr::drop_in_place<alloc::vec::Vec<u8>>::h0123456789abcdef", "core::ptr::drop_in_place")]
    [InlineData("Object.<anonymous>", "Object.<anonymous>")]
    [InlineData("  ", "")]
    public void Normalize_StripsWhatVariesBetweenBuildsAndCallSites(string input, string expected) =>
        Assert.Equal(expected, FunctionNameNormalizer.Normalize(input));

    [Fact]
    public void Normalize_UnbalancedBrackets_TerminatesWithABoundedResult()
    {
        var hostile = new string('<', 3000) + "f(" + new string('(', 3000);
        var result = FunctionNameNormalizer.Normalize(hostile);
        Assert.True(result.Length <= FunctionNameNormalizer.MaxInputLength);
    }
}
