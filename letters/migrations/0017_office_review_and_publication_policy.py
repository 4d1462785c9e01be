"""The office review stage (找错: the site office reviews the reply before it is
published, on its own clock) and the publication policy per kind, seeded with its source:
找错 is public unless found untrue or confidential, every other kind needs the writer's
consent."""

from typing import Any

from django.db import migrations, models

SITE_ERROR_SOURCE = (
    "山西省政府网站管理办法 第二十五条（三）、德阳市政府网站管理暂行办法 第三十三条："
    "网民纠错留言的办理情况予以公开，经核实不属实的除外；公开前隐去个人信息。"
)
CONSENT_SOURCE = (
    "《中华人民共和国个人信息保护法》第二十五条：个人信息处理者不得公开其处理的个人信息，"
    "取得个人单独同意的除外。来信涉及来信人个人事项，经来信人同意后公开，公开前隐去个人信息。"
)
KINDS = (
    "leader_mail",
    "consultation",
    "complaint",
    "suggestion",
    "help",
    "report",
    "site_error",
    "opinion",
)


def seed(apps: Any, schema_editor: Any) -> None:
    policy = apps.get_model("letters", "PublicationPolicy")
    policy.objects.bulk_create(
        policy(kind=kind, rule="unless_withheld", source=SITE_ERROR_SOURCE)
        if kind == "site_error"
        else policy(kind=kind, rule="consent", source=CONSENT_SOURCE)
        for kind in KINDS
    )


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("letters", "PublicationPolicy").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('letters', '0016_models_moved_to_their_apps'),
        ('org', '0001_models_from_letters'),
    ]

    operations = [
        migrations.CreateModel(
            name='PublicationPolicy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('leader_mail', '领导信箱'), ('consultation', '咨询'), ('complaint', '投诉'), ('suggestion', '建议'), ('help', '求助'), ('report', '举报'), ('site_error', '网站找错'), ('opinion', '征集意见')], max_length=20, unique=True, verbose_name='来信类别')),
                ('rule', models.CharField(choices=[('consent', '经来信人同意后公开'), ('unless_withheld', '一律公开（认定不属实或涉密的除外）')], default='consent', max_length=20, verbose_name='公开规则')),
                ('source', models.TextField(verbose_name='依据')),
            ],
            options={
                'verbose_name': '公开规则',
                'verbose_name_plural': '公开规则',
                'ordering': ['kind'],
            },
        ),
        migrations.AddField(
            model_name='letter',
            name='publication_finding',
            field=models.CharField(blank=True, choices=[('untrue', '不属实'), ('confidential', '涉密')], max_length=16, verbose_name='不予公开认定'),
        ),
        migrations.AddField(
            model_name='letter',
            name='publication_finding_reason',
            field=models.TextField(blank=True, verbose_name='认定理由'),
        ),
        migrations.AddField(
            model_name='letter',
            name='review_deadline_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='审核公开期限'),
        ),
        migrations.AddField(
            model_name='letter',
            name='review_derivation',
            field=models.JSONField(blank=True, default=dict, verbose_name='审核公开期限推算过程'),
        ),
        migrations.AlterField(
            model_name='letter',
            name='status',
            field=models.CharField(choices=[('submitted', '已提交'), ('accepted', '已受理'), ('rejected', '不予受理'), ('dispatched', '待签收'), ('in_progress', '办理中'), ('returned', '已退回'), ('paused', '补正中'), ('under_review', '审核中'), ('office_review', '待审核公开'), ('replied', '已答复'), ('published', '已公开'), ('closed', '已办结'), ('merged', '已合并')], db_index=True, default='submitted', max_length=20, verbose_name='状态'),
        ),
        migrations.AddIndex(
            model_name='letter',
            index=models.Index(condition=models.Q(('status', 'office_review')), fields=['review_deadline_at'], name='letter_office_review'),
        ),
        migrations.RunPython(seed, unseed),
    ]
